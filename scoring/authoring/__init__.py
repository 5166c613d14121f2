"""Authoring criteria schemes: workbooks (template, export), canonical YAML, verify, diff.

Reading a workbook lives in ``criteria.xlsx_scheme`` (it is loading); this package
writes, checks and compares schemes for the people who author them (docs/authoring.md).
"""
