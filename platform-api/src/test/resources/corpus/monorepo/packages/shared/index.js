module.exports = { brand: 'acme' };
