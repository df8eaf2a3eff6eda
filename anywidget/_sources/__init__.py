"""Where widget code comes from: inline text, files (watched for hot reload), URLs and virtual files.

May import `_wire`; knows nothing of widgets or comms.
"""
