export const USER_FIELDS = 'id email displayName role agency { id name country kind }';

export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token user { ${USER_FIELDS} } }
}`;

export const LOGOUT = 'mutation Logout { logout }';
