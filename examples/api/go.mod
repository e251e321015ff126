module example.com/shop/api

go 1.22.3

require example.com/shop/sharedlib v0.4.0

replace example.com/shop/sharedlib => ../shared-lib
