//! Profiles add knowledge about who issued a token: which kind of credential it is and what a server
//! expects of it. `onepassword` knows the 1Password Events API.

pub mod onepassword;
