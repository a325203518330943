"""Blocks -> PDF. The only package that imports ReportLab."""
