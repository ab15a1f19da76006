"""Reminders and notices: staff deadline reminders, the morning digest, applicant notices, year-end."""
