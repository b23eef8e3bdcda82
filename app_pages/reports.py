"""Reports (display part 06): a one-click area report in PDF or Excel."""

from components import state
from components.i18n import t
from components.layout import page_header
from components.reports import report_builder

code = state.current_area()
page_header(t("page_reports"), code)
report_builder(code, state.current_filters())
