"""The users service: profiles (names, avatar, contact) and copies of account, chat and KYC status."""
