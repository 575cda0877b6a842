"""Tests of practices/api/: Wagtail's content API and the preview API."""
