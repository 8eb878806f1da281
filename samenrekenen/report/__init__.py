"""Presentation of results beyond plain tables: charts as SVG built from the results JSON."""

from .charts import CHART_KINDS, ChartData, Series, chart_data, chart_svg

__all__ = ["CHART_KINDS", "ChartData", "Series", "chart_data", "chart_svg"]
