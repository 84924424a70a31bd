"""integration_analysis: official statistics, indicators and reports for the Steckbriefe der Integration und
Vielfalt of a German Landkreis (first: the Enzkreis)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("integration-analysis")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
