from . import cx_case_report
