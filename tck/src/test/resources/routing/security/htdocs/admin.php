admin.php static body (protected by <Files admin.php>)
