"""The data layer: the importer that writes ``data/raw`` from the readers of ``sources``, the plausibility rules,
the tidy dataset (``datasets``), the region and its municipalities (``regions``), the catalogue of ``data/raw``
and the municipal information of ``data/local`` (``local``)."""
