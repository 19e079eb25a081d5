ooo.php static body
