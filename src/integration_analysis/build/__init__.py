"""The build layer: runs the notebooks for many reports (``batch``) on warm kernels (``engine``), incrementally,
with a manifest and an index."""
