"""QR codes for setting up an authenticator app, drawn as inline SVG so no image leaves the server."""

import segno


def qr_svg(data: str) -> str:
    return segno.make(data, error="m").svg_inline(scale=4, title="QR code for your authenticator app")
