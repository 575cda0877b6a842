"""Tests of practices/partners/: partner accounts, keys and webhooks."""
