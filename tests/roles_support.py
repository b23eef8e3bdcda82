"""Users of each role for tests that call the query layer directly (not a test module).

The query layer masks personal data for the viewing user (:mod:`access.personal`):
tests that check unmasked values view as :data:`NATIONAL`, tests of masking as
:data:`ANALYST`.
"""

from access.roles import User

NATIONAL = User("test_national", "ผู้ทดสอบส่วนกลาง", "national")
ANALYST = User("test_analyst", "ผู้ทดสอบนักวิเคราะห์", "analyst")
GOVERNOR_41 = User("test_governor", "ผู้ทดสอบผู้ว่าฯ", "governor", "41")
CHIEF_4101 = User("test_chief", "ผู้ทดสอบนายอำเภอ", "district_chief", "4101")
OPS_410101 = User("test_ops", "ผู้ทดสอบทีมปฏิบัติการ", "ops_team", "410101")
