export { MongoReadStore } from './mongo-read-store';
export { connectMongo, databaseNameOf, type MongoConnection } from './connection';
