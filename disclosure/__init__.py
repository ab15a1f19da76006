"""The rules of 《中华人民共和国政府信息公开条例》(2019): pure, no I/O, imports nothing of ours."""
