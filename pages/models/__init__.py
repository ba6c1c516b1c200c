from .home import HomePage
from .images import CustomImage, CustomRendition

__all__ = ["CustomImage", "CustomRendition", "HomePage"]
