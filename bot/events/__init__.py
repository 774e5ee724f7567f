"""Events in Slack: ``blocks`` (/salon and the App Home list), ``mrkdwn`` (event text made safe
for Slack), ``calendar`` (.ics files), ``reminders`` (7 days and 1 day before a salon) and
``cli`` (``python -m bot events``)."""
