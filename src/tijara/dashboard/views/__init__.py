"""Back-office pages, one module per subject; thin views over the domain apps' services and selectors.

Objects named in a URL are always read through a selector filtered by request.merchant, so another
merchant's id answers 404 before any form is looked at.
"""
