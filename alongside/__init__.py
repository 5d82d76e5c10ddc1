"""Alongside: a peer-support platform in which the client stays in charge of their journey."""
