from io import BytesIO

from PIL import Image


def jpeg_bytes(width=2000, height=1200, color=(30, 120, 200)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def loaded_width(img) -> int:
    """The naturalWidth of a Playwright <img> locator once the picture has finished, loaded or failed.

    A lazy picture starts only in view, so it is scrolled there first; reading the width before `complete`
    races the download and sees 0 for a picture that is fine.
    """
    img.scroll_into_view_if_needed()
    img.page.wait_for_function("img => img.complete", arg=img.element_handle())
    return img.evaluate("img => img.naturalWidth")
