"""The chat & offers service: conversations, moderation, offers, trabajos, reviews and disputes."""
