"""Delivery channels behind one port: e-mail (SMTP, SendGrid, local mailbox) and push (FCM)."""
