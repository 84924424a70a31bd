"""The foundation every layer stands on: paths, errors, atomic writes, checksums, the safe YAML loader, the
configuration, the data model's vocabulary (``schema``), provenance sidecars and the German formatting of
numbers, dates and places (``german``). Nothing here imports another layer."""
