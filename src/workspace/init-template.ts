/** The commented `segmenta.yaml` written by `segmenta init`: valid as it is, and a guide to every section. */
export const INIT_TEMPLATE = `# Segmenta workspace: describes one business's data and its segments.
# Reference: docs/workspace.md. Check it with: npx segmenta check
name: My business
timezone: Europe/Zurich      # IANA name: naive times in data and rules are in this zone
locale: en                   # fr or en: labels, reports, emails
# store: .segmenta/store.duckdb   # default; or postgres://user@host/db (or env SEGMENTA_DATABASE_URL)

places:                      # named points for distance(home, shop) < 20 km
  shop: { lat: 46.5197, lon: 6.6323 }

customers:
  key: id                    # column holding the customer key
  # created: created_at      # optional: a date/timestamp field; customers do not exist before it
  fields:                    # types: string, number, integer, boolean, date, timestamp,
    language: string         #        geopoint, list<string>, list<number>
    birth_date: date
    # home: geopoint         # read from the columns home_lat and home_lon
    # income: { type: number, column: "Annual income" }   # a column of another name
    # created_at: timestamp  # the field "created" may name

# collections:               # records that belong to one customer (a clinic's animals)
#   pets:
#     key: id
#     parent: customer_id    # column with the owning customer's key
#     fields:
#       species: string
#       conditions: list<string>   # one column, values separated by '|'

events:
  customer: customer_id      # column with the customer key
  type: type                 # column naming the event type
  time: time                 # ISO timestamp, naive = workspace time zone
  # id: event_id             # optional; without it an event's identity is all its values
  types:
    purchase: { amount: number, products: list<string> }
    visit: {}

segments:
  regulars:
    name: Regular customers
    rule: count(purchase within 90 days) >= 2

# segmentations:             # partitions, re-evaluated at every run
#   rf6: { model: rfm, event: purchase, amount: amount, scoring: quintiles, map: rf6 }
#   lifecycle: { model: lifecycle, event: purchase }

# models:                    # fitted at every run; outputs usable in rules (docs/models.md)
#   clv: { model: clv, event: purchase, amount: amount }          # lifetime value: clv.p_alive < 0.3
#   basket: { model: basket, event: purchase, items: products }   # cross-selling suggestions
#   clusters: { model: kmeans, event: purchase, amount: amount }  # k-means groups: clusters = "c1"

# schedule: "0 3 1 * *"      # cron in the workspace time zone; default monthly
`;
