"""What the hub does for the partners who sync from the feed: webhook deliveries and the partners' admin."""
