"""The editors' admin: roles and locale-bound permissions, the dashboard, link checks, listing exports, workflow
names, the headless preview link, account settings, snippet usage, the admin's CSP and its extra messages."""
