"""Tests of practices/editorial/: roles, workflow, dashboard, link checks, admin screens."""
