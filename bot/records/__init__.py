"""The paper trail of a check: the record sheet (随机抽查情况记录表) to print and sign."""
