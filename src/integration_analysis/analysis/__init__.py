"""The analysis layer: indicators over the tidy dataset, comparisons and ranks, the profile of an area, disclosure
control and the golden numbers. Pure computations: no HTML, no files written."""
