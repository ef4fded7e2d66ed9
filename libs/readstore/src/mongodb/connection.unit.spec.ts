import { databaseNameOf, redactUri } from './connection';

describe('databaseNameOf', () => {
  it.each([
    ['mongodb://localhost:27017/jobledger_prod', 'jobledger_prod'],
    ['mongodb://localhost:27017/ledger?directConnection=true', 'ledger'],
    ['mongodb://u:p@a:1,b:2,c:3/ops?replicaSet=rs0', 'ops'],
    ['mongodb+srv://u:p@cluster0.example.net/app', 'app'],
    ['mongodb://localhost:27017/my%20db', 'my db'],
  ])('takes the database from the path of %s', (uri, name) => expect(databaseNameOf(uri)).toBe(name));

  it.each(['mongodb://localhost:27017', 'mongodb://localhost:27017/', 'mongodb://localhost/?directConnection=true', 'mongodb+srv://cluster0.example.net'])(
    'defaults to jobledger for %s',
    (uri) => expect(databaseNameOf(uri)).toBe('jobledger'),
  );
});

describe('redactUri', () => {
  it('hides credentials and keeps the rest', () => {
    expect(redactUri('mongodb://admin:s3cret@db:27017/x')).toBe('mongodb://***@db:27017/x');
    expect(redactUri('mongodb+srv://u:p@cluster0.example.net')).toBe('mongodb+srv://***@cluster0.example.net');
    expect(redactUri('mongodb://db:27017/x')).toBe('mongodb://db:27017/x');
  });
});
