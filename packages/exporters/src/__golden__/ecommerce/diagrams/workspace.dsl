workspace "E-commerce platform" "An online shop: catalog and search, carts and orders, payments, inventory, shipping and customer notifications." {
  model {
    n_web_shop = person "Web shop" "The storefront single-page app"
    n_mobile_app = person "Mobile app" ""
    n_payment_provider = softwareSystem "Payment provider" "Card payments (a PSP such as Adyen or Stripe)" {
      tags "External"
    }
    n_parcel_carrier_api = softwareSystem "Parcel carrier API" "" {
      tags "External"
    }
    n_email_delivery_api = softwareSystem "Email delivery API" "" {
      tags "External"
    }
    s_system = softwareSystem "E-commerce platform" {
      group "Catalog" {
        n_catalog_service = container "Catalog service" "" "rest v1" {
          tags "Service"
        }
        n_search_service = container "Search service" "" "rest v1" {
          tags "Service"
        }
        n_catalog_database = container "Catalog database" "" "postgres" {
          tags "Database"
        }
        n_search_index = container "Search index" "" "elasticsearch" {
          tags "Database"
        }
        n_catalog_events = container "Catalog events" "" "kafka" {
          tags "Queue"
        }
      }
      group "Ordering" {
        n_cart_service = container "Cart service" "" "rest v1" {
          tags "Service"
        }
        n_order_service = container "Order service" "" "rest v1" {
          tags "Service"
        }
        n_cart_store = container "Cart store" "" "redis" {
          tags "Database"
        }
        n_orders_database = container "Orders database" "" "postgres" {
          tags "Database"
        }
        n_order_events = container "Order events" "" "kafka" {
          tags "Queue"
        }
      }
      group "Payments" {
        n_payment_service = container "Payment service" "" "rest v1" {
          tags "Service"
        }
        n_payments_database = container "Payments database" "" "postgres" {
          tags "Database"
        }
        n_payment_events = container "Payment events" "" "kafka" {
          tags "Queue"
        }
      }
      group "Inventory" {
        n_inventory_service = container "Inventory service" "" "rest v1" {
          tags "Service"
        }
        n_inventory_database = container "Inventory database" "" "postgres" {
          tags "Database"
        }
      }
      group "Shipping" {
        n_shipping_service = container "Shipping service" "" "rest v1" {
          tags "Service"
        }
        n_shipping_database = container "Shipping database" "" "mongodb" {
          tags "Database"
        }
        n_shipping_events = container "Shipping events" "" "kafka" {
          tags "Queue"
        }
      }
      group "Customers" {
        n_customer_service = container "Customer service" "" "rest v1" {
          tags "Service"
        }
        n_notification_service = container "Notification service" "" "rest v1" {
          tags "Service"
        }
        n_customers_database = container "Customers database" "" "postgres" {
          tags "Database"
        }
        n_notifications_database = container "Notifications database" "" "mongodb" {
          tags "Database"
        }
      }
      n_api_gateway = container "API gateway" "" "envoy" {
        tags "Gateway"
      }
    }

    n_web_shop -> n_api_gateway "routes to" ""
    n_mobile_app -> n_api_gateway "routes to" ""
    n_api_gateway -> n_catalog_service "routes to" "/v1/products"
    n_api_gateway -> n_search_service "routes to" "/v1/search"
    n_api_gateway -> n_cart_service "routes to" "/v1/carts"
    n_api_gateway -> n_order_service "routes to" "/v1/orders"
    n_api_gateway -> n_customer_service "routes to" "/v1/customers"
    n_api_gateway -> n_shipping_service "routes to" "/v1/shipments"
    n_api_gateway -> n_notification_service "routes to" "/v1/notifications"
    n_order_service -> n_cart_service "calls" "rest"
    n_order_service -> n_payment_service "calls" "rest"
    n_order_service -> n_inventory_service "calls" "rest"
    n_payment_service -> n_payment_provider "calls" "rest"
    n_shipping_service -> n_parcel_carrier_api "calls" "rest"
    n_notification_service -> n_email_delivery_api "calls" "rest"
    n_catalog_service -> n_catalog_database "reads and writes" "readwrite"
    n_search_service -> n_search_index "reads and writes" "readwrite"
    n_cart_service -> n_cart_store "reads and writes" "readwrite"
    n_order_service -> n_orders_database "reads and writes" "readwrite"
    n_payment_service -> n_payments_database "reads and writes" "readwrite"
    n_inventory_service -> n_inventory_database "reads and writes" "readwrite"
    n_shipping_service -> n_shipping_database "reads and writes" "readwrite"
    n_customer_service -> n_customers_database "reads and writes" "readwrite"
    n_notification_service -> n_notifications_database "reads and writes" "readwrite"
    n_order_service -> n_order_events "publishes to" "OrderPlaced, OrderConfirmed, OrderCancelled"
    n_payment_service -> n_payment_events "publishes to" "PaymentCaptured, PaymentFailed"
    n_catalog_service -> n_catalog_events "publishes to" "ProductChanged"
    n_shipping_service -> n_shipping_events "publishes to" "ShipmentDispatched"
    n_catalog_events -> n_search_service "delivers to" "ProductChanged"
    n_order_events -> n_shipping_service "delivers to" "OrderConfirmed"
    n_order_events -> n_notification_service "delivers to" "OrderPlaced, OrderConfirmed, OrderCancelled"
    n_payment_events -> n_order_service "delivers to" "PaymentCaptured, PaymentFailed"
    n_shipping_events -> n_notification_service "delivers to" "ShipmentDispatched"
    n_order_events -> n_inventory_service "delivers to" "OrderCancelled"
  }

  views {
    container s_system "containers" {
      include *
      autolayout lr
    }
    styles {
      element "Database" {
        shape cylinder
      }
      element "Queue" {
        shape pipe
      }
      element "External" {
        background #999999
      }
    }
  }
}
