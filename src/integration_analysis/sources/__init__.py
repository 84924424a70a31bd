"""Readers of the official formats; ``data.importer`` runs them to write ``data/raw``.

One module per format: ``destatis_gv`` (municipality register, xlsx), ``ba_unemployment`` (BA CSV),
``gerda`` (Zensus 2022 by municipality and INKAR by Kreis), ``compiled`` (secondary figures with quotes),
``lookups`` (official figures transcribed one by one), ``genesis`` and ``zensus_db`` (user downloads from
GENESIS/Regionalstatistik and the Zensus database, classic table CSV), ``regionalstatistik`` (the
Regionalstatistik tables of the shared official data, read with ``genesis``), ``genesis_flat`` (the flat CSV the
GENESIS APIs deliver), ``cassettes`` (recorded API answers) and ``api_recorded`` (the tables imported from
them), ``open_sdg`` (the Enzkreis' own indicators, secondary), ``bkg`` (the BKG boundaries for the maps, a
geometry extract rather than figures), and ``extract``, the project's own raw format
that all of them write.
"""
