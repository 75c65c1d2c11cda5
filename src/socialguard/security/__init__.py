"""Account security: the brand-account registry, its audit against the policy, password strength, phishing
scores of incoming messages, and incident runbooks.

The modules `registry`, `audit`, `passwords`, `phishing` and `runbooks` are pure Python (no Django, no
database, no network); `models`, `views` and `urls` are the Django app that stores them per organisation.
"""
