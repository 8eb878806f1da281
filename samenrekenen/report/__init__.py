"""Presentation of results beyond plain tables: charts as SVG built from the results JSON, and
the council report.

:mod:`.charts` draws the charts; :mod:`.council` makes the council-ready report (raadsbijlage)
as HTML (``report_html``) or as a tagged PDF/A-3b (``report_pdf``, WeasyPrint, imported only
when a PDF is made); :mod:`.sections` is the registry through which a module adds a section to
that report (``register_section``). The report modules are imported from their own names, so
importing the charts stays light.
"""

from .charts import CHART_KINDS, ChartData, Series, chart_data, chart_svg

__all__ = ["CHART_KINDS", "ChartData", "Series", "chart_data", "chart_svg"]
