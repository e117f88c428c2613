// Casework builds on the log: the layers above use the log's types through this module.
@_exported import EventLog
