"""The professionals service: profiles, oficios, instant services, KYC, portfolio, reputation and
gamification, public profiles and geosearch."""
