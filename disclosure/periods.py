"""Statutory periods, in working days."""

REPLY_PERIOD = 20  # art. 33: reply within 20 working days of receipt
EXTENSION_MAX = 20  # art. 33: one extension of at most 20 working days
CORRECTION_NOTICE_PERIOD = 7  # art. 30: notify the correction within 7 working days of receipt
CONSULTATION_PERIOD = 15  # arts. 32 and 34: a consulted party answers within 15 working days
FEE_PAYMENT_PERIOD = 20  # 国办函〔2020〕109号: the applicant pays within 20 working days of the fee notice
DEFAULT_CORRECTION_PERIOD = 15  # art. 30 leaves "a reasonable period" to the agency; our default
