# nbconvert's defaults in this project's environment: `make setup` copies this file into .venv/etc/jupyter/, where
# every `jupyter nbconvert` of the environment reads it (from any folder). HTML is exported with the reports'
# offline template "ia_offline" (src/integration_analysis/report/templates/), which loads no require.js, MathJax or
# mermaid from the internet, so the stock command gives a file that opens offline:
#
#     jupyter nbconvert --to html --no-input notebooks/steckbrief.ipynb
#
# The template is found through the installed package (without importing it). A template named on the command line
# (`--template lab`) is used instead: traitlets would let the setting below, made for the HTML exporter, override
# the command line's, made for all template exporters. Slides keep nbconvert's own template (they are an HTML
# exporter too).
import importlib.util
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (traitlets provides get_config in configuration files)

_package = importlib.util.find_spec("integration_analysis")
_named = {"--template", "--TemplateExporter.template_name"} & {arg.split("=")[0] for arg in sys.argv[1:]}
if _package is not None and _package.submodule_search_locations and not _named:
    c.TemplateExporter.extra_template_basedirs = [
        str(Path(next(iter(_package.submodule_search_locations))) / "report" / "templates")
    ]
    c.HTMLExporter.template_name = "ia_offline"
    c.SlidesExporter.template_name = "reveal"
