from . import cx_case_report
from . import cx_case_report_summary
