"""Reports and exports. Exports run as background tasks (django-tasks, database backend) and write CSV files."""
