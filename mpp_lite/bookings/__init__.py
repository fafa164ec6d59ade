"""Bookings (reservasi): slots from a queue's week, booking and check-in, outside bookings,
and the messages that tell citizens (WhatsApp click-to-chat, an HTTP gateway, e-mail)."""
