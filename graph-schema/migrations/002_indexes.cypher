// Generated from graph-schema/src/model.ts by `npm run schema:generate`; do not edit.
CREATE INDEX vehicle_plate IF NOT EXISTS FOR (n:Vehicle) ON (n.plate);
CREATE INDEX vehicle_vin IF NOT EXISTS FOR (n:Vehicle) ON (n.vin);
CREATE INDEX phone_number IF NOT EXISTS FOR (n:Phone) ON (n.number);
CREATE INDEX phone_imei IF NOT EXISTS FOR (n:Phone) ON (n.imei);
CREATE INDEX onlineaccount_handle IF NOT EXISTS FOR (n:OnlineAccount) ON (n.handle);
