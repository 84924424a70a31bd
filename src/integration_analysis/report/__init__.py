"""The report layer: the Steckbrief and the Kreisübersicht (``documents``) with their sections, HTML blocks,
charts, maps, the offline HTML export and the PDF print."""
