"""Turn the YAML form of a StreamField into its stored form, with stable block ids.

Wagtail Localize pairs a French segment with its English translation by path,
and a path is made of block ids. The French and English builds of one item
must therefore give every block, list item included, the same id: it is
derived here from the item's key and the block's position.
"""

from django.db import models
from wagtail import blocks

from pages.demo.bilingual import block_id


def stream_data(stream_block, items, *path):
    """Return `items` (a list of `{type, value}`) as StreamField JSON data.

    In a stream of one block type, an item may be given as its bare value.
    """
    result = []
    for index, item in enumerate(items or []):
        if not (isinstance(item, dict) and set(item) == {"type", "value"}):
            (only_type,) = stream_block.child_blocks
            item = {"type": only_type, "value": item}
        child = stream_block.child_blocks[item["type"]]
        result.append(
            {
                "type": item["type"],
                "value": block_data(child, item["value"], *path, index),
                "id": block_id(*path, index),
            }
        )
    return result


def block_data(block, value, *path):
    """Return the stored form of one block's `value`."""
    if isinstance(block, blocks.StreamBlock):
        return stream_data(block, value, *path)
    if isinstance(block, blocks.ListBlock):
        return [
            {
                "type": "item",
                "value": block_data(block.child_block, item, *path, index),
                "id": block_id(*path, index),
            }
            for index, item in enumerate(value or [])
        ]
    if isinstance(block, blocks.StructBlock):
        value = value or {}
        return {
            name: block_data(child, value.get(name), *path, name)
            for name, child in block.child_blocks.items()
            if name in value
        }
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(block, blocks.DateTimeBlock | blocks.DateBlock | blocks.TimeBlock):
        return value if isinstance(value, str) else value.isoformat()
    return value
