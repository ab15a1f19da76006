"""The annual report (政府信息公开工作年度报告, art. 50): its national templates and cross-checks.

Pure rules, no I/O. `templates` holds the two templates as data (keys of the public JSON contract,
report-json.md); `checks` evaluates the 勾稽关系 on a report dict.
"""
