module example.com/shop/sharedlib

go 1.22.3
