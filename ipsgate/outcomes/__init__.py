"""Outcome metrics and dashboards (issue 6): figures as SQL aggregates, charts, CSV and XLSX exports."""
