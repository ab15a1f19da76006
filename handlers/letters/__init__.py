"""The written documents (文书) of every step: settings, templates, drafting, issuing, delivery, fees."""
